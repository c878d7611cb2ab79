package io.driftline.trainer.testing;

import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.trainer.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory {@link ModelRegistry}: the versions {@link #add}ed per model; {@link #rollback}
 * archives the production version and puts the chosen one in production.
 */
public final class TestingModelRegistry implements ModelRegistry {

    private final Map<String, List<ModelPublished>> versions = new TreeMap<>();

    /** Adds a version as it is (its stage included). */
    public synchronized TestingModelRegistry add(ModelPublished published) {
        versions.computeIfAbsent(published.model(), m -> new ArrayList<>()).add(published);
        return this;
    }

    @Override
    public synchronized List<String> models() {
        return List.copyOf(versions.keySet());
    }

    @Override
    public synchronized List<ModelPublished> versions(String model) {
        List<ModelPublished> out = new ArrayList<>(versions.getOrDefault(model, List.of()));
        out.sort(Comparator.comparingInt(ModelPublished::version).reversed());
        return out;
    }

    @Override
    public synchronized Optional<ModelPublished> production(String model) {
        return versions.getOrDefault(model, List.of()).stream()
                .filter(v -> v.stage() == ModelStage.PRODUCTION)
                .findFirst();
    }

    @Override
    public synchronized ModelPublished rollback(String model, int version) {
        List<ModelPublished> list = versions.get(model);
        if (list == null) {
            throw new IllegalArgumentException("no version " + version + " of " + model);
        }
        ModelPublished target =
                list.stream()
                        .filter(v -> v.version() == version)
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "no version " + version + " of " + model));
        List<ModelPublished> updated = new ArrayList<>();
        ModelPublished restored = null;
        for (ModelPublished v : list) {
            ModelStage stage =
                    v == target
                            ? ModelStage.PRODUCTION
                            : (v.stage() == ModelStage.PRODUCTION
                                    ? ModelStage.ARCHIVED
                                    : v.stage());
            ModelPublished copy =
                    new ModelPublished(
                            v.model(),
                            v.version(),
                            v.parentVersion(),
                            v.triggerId(),
                            v.artifactUri(),
                            v.sha256(),
                            v.metrics(),
                            stage,
                            v.referenceProfile(),
                            v.publishedAt());
            updated.add(copy);
            if (v == target) {
                restored = copy;
            }
        }
        versions.put(model, updated);
        return restored;
    }
}
