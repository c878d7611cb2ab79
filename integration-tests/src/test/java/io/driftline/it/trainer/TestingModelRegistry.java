package io.driftline.it.trainer;

import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.trainer.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An in-memory registry for the service's integration tests. */
final class TestingModelRegistry implements ModelRegistry {

    private final Map<String, List<ModelPublished>> versions = new TreeMap<>();

    synchronized TestingModelRegistry add(ModelPublished published) {
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
        List<ModelPublished> list = new ArrayList<>(versions.getOrDefault(model, List.of()));
        ModelPublished target =
                list.stream()
                        .filter(v -> v.version() == version)
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no version " + version));
        List<ModelPublished> updated = new ArrayList<>();
        for (ModelPublished v : list) {
            ModelStage stage =
                    v == target
                            ? ModelStage.PRODUCTION
                            : v.stage() == ModelStage.PRODUCTION ? ModelStage.ARCHIVED : v.stage();
            updated.add(
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
                            v.publishedAt()));
        }
        versions.put(model, updated);
        return updated.get(list.indexOf(target));
    }
}
