package io.driftline.stack.flink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink cluster inside the stack's JVM, with the web dashboard (flink-runtime-web is on the
 * classpath) on the configured REST port. All of the stack's jobs are submitted to this one
 * cluster, so they appear side by side in the dashboard.
 *
 * <p>Each job gets a fixed job id derived from its name; its checkpoints are retained under the
 * work directory, and the next start restores the latest one, so stopping and starting the stack
 * loses no data and writes no duplicates.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);

    private final MiniCluster cluster;
    private final Configuration configuration;
    private final Path checkpointDir;

    private LocalFlinkCluster(
            MiniCluster cluster, Configuration configuration, Path checkpointDir) {
        this.cluster = cluster;
        this.configuration = configuration;
        this.checkpointDir = checkpointDir;
    }

    /**
     * Loads Driftline's {@code config.yaml} (from the flink-conf module), points checkpoints at
     * {@code workDir}, sets the REST port and starts the cluster.
     */
    public static LocalFlinkCluster start(Path workDir, int restPort, int slots) throws Exception {
        Configuration conf = loadDriftlineConfig(workDir.resolve("conf"));
        Path checkpoints = workDir.resolve("checkpoints").toAbsolutePath();
        Files.createDirectories(checkpoints);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(RestOptions.PORT, restPort);
        conf.set(RestOptions.BIND_PORT, String.valueOf(restPort));
        conf.set(RestOptions.ADDRESS, "localhost");
        MiniClusterConfiguration mcc =
                new MiniClusterConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(slots)
                        .build();
        MiniCluster cluster = new MiniCluster(mcc);
        cluster.start();
        LOG.info("Flink dashboard on {}", cluster.getRestAddress().get());
        return new LocalFlinkCluster(cluster, conf, checkpoints);
    }

    /** Copies the packaged config.yaml into {@code confDir} and loads it as Flink would. */
    static Configuration loadDriftlineConfig(Path confDir) throws IOException {
        Files.createDirectories(confDir);
        try (InputStream in =
                LocalFlinkCluster.class.getResourceAsStream("/driftline/conf/config.yaml")) {
            if (in == null) {
                throw new IllegalStateException(
                        "config.yaml is missing from the classpath (flink-conf module)");
            }
            Files.copy(in, confDir.resolve("config.yaml"), StandardCopyOption.REPLACE_EXISTING);
        }
        // MiniCluster sizes memory itself; process sizes are for a real cluster.
        Configuration conf = GlobalConfiguration.loadConfiguration(confDir.toString());
        conf.removeKey("taskmanager.memory.process.size");
        conf.removeKey("jobmanager.memory.process.size");
        return conf;
    }

    /** The configuration jobs should be built with (checkpointing, generic types off, ...). */
    public Configuration configuration() {
        return new Configuration(configuration);
    }

    /** A fresh environment carrying this cluster's configuration, for building one job graph. */
    public StreamExecutionEnvironment newEnvironment(String jobName) {
        Configuration conf = configuration();
        conf.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, jobId(jobName).toHexString());
        conf.set(PipelineOptions.NAME, jobName);
        return new StreamExecutionEnvironment(conf);
    }

    /** The fixed job id of a job, derived from its name. */
    public static JobID jobId(String jobName) {
        UUID uuid = UUID.nameUUIDFromBytes(jobName.getBytes(StandardCharsets.UTF_8));
        return new JobID(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /**
     * Submits the job built in {@code env}, restoring its latest retained checkpoint if there is
     * one.
     */
    public JobID submit(StreamExecutionEnvironment env, String jobName) throws Exception {
        JobGraph graph = env.getStreamGraph().getJobGraph();
        graph.setJobID(jobId(jobName));
        Optional<Path> latest =
                latestCheckpoint(checkpointDir.resolve(graph.getJobID().toHexString()));
        if (latest.isPresent()) {
            LOG.info("Restoring {} from {}", jobName, latest.get());
            graph.setSavepointRestoreSettings(
                    SavepointRestoreSettings.forPath(latest.get().toString(), false));
        }
        cluster.submitJob(graph).get();
        LOG.info("Submitted {} ({})", jobName, graph.getJobID());
        return graph.getJobID();
    }

    /**
     * The newest complete checkpoint ({@code chk-N} with a {@code _metadata} file) in a job's dir.
     */
    static Optional<Path> latestCheckpoint(Path jobCheckpoints) throws IOException {
        if (!Files.isDirectory(jobCheckpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jobCheckpoints)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("chk-"))
                    .filter(d -> Files.exists(d.resolve("_metadata")))
                    .max(
                            Comparator.comparingLong(
                                    d -> Long.parseLong(d.getFileName().toString().substring(4))));
        }
    }

    public JobStatus status(JobID job) throws Exception {
        return cluster.getJobStatus(job).get();
    }

    public MiniCluster miniCluster() {
        return cluster;
    }

    public String restAddress() throws Exception {
        return cluster.getRestAddress().get().toString();
    }

    /**
     * Cancels the running jobs (their checkpoints are retained for the next start), waits for them
     * to stop, then shuts the cluster down.
     */
    @Override
    public void close() throws Exception {
        try {
            List<CompletableFuture<?>> stopped = new ArrayList<>();
            for (JobStatusMessage job : cluster.listJobs().get(10, TimeUnit.SECONDS)) {
                if (!job.getJobState().isGloballyTerminalState()) {
                    cluster.cancelJob(job.getJobId()).get(10, TimeUnit.SECONDS);
                    stopped.add(cluster.requestJobResult(job.getJobId()));
                }
            }
            CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new))
                    .get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Could not cancel the jobs cleanly; shutting the cluster down anyway", e);
        } finally {
            cluster.close();
        }
    }
}
