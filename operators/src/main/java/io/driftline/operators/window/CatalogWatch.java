package io.driftline.operators.window;

import io.driftline.core.catalog.CatalogFile;
import io.driftline.core.catalog.ModelCatalog;
import io.driftline.core.catalog.ModelSettings;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subtask's model catalog: re-read when due, its reloads and failures as gauges ({@code
 * catalogReloads}, {@code catalogFailures}) and in the log. An invalid edit leaves the last good
 * catalog in force.
 */
final class CatalogWatch {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogWatch.class);

    private final CatalogFile.Watcher watcher;
    private final String owner;
    private long failuresLogged;

    CatalogWatch(CatalogFile file, MetricGroup metrics, String owner) {
        this.watcher = file.watch();
        this.owner = owner;
        metrics.gauge("catalogReloads", (Gauge<Long>) watcher::reloads);
        metrics.gauge("catalogFailures", (Gauge<Long>) watcher::failures);
    }

    /** The settings in force for {@code model}. */
    ModelSettings forModel(String model) {
        return watcher.current().forModel(model);
    }

    /** The catalog in force. */
    ModelCatalog current() {
        return watcher.current();
    }

    /** Reads the file again when due ({@code now}: processing time). */
    void refresh(long now) {
        if (watcher.refreshIfDue(now)) {
            LOG.info(
                    "{}: model catalog reloaded ({} models listed)",
                    owner,
                    current().models().size());
        }
        if (watcher.failures() > failuresLogged) {
            failuresLogged = watcher.failures();
            LOG.warn(
                    "{}: model catalog not reloaded, the last good one stays: {}",
                    owner,
                    watcher.problem());
        }
    }
}
