package io.driftline.core.catalog;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The models Driftline knows and how each is judged and retrained, as a team keeps it in git
 * ({@code models.yaml}, read by {@link CatalogParser}); models not listed get {@link #defaults()}.
 *
 * @param defaults the settings of a model that is not listed
 * @param models the listed models by name
 */
public record ModelCatalog(ModelSettings defaults, Map<String, ModelSettings> models)
        implements Serializable {

    public ModelCatalog {
        models = Map.copyOf(models);
    }

    /** The settings of {@code model}: its entry, else the defaults. */
    public ModelSettings forModel(String model) {
        ModelSettings settings = models.get(model);
        return settings == null ? defaults : settings;
    }

    /** The listed models' retrain schedules (model to interval), sorted by model. */
    public Map<String, java.time.Duration> schedules() {
        Map<String, java.time.Duration> out = new TreeMap<>();
        models.forEach(
                (name, settings) -> {
                    if (settings.retrainSchedule() != null) {
                        out.put(name, settings.retrainSchedule());
                    }
                });
        return out;
    }
}
