package io.driftline.it.poison;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Flink REST API (the dashboard's) says about each job: its state, how often it restarted
 * ({@code GET /jobs/<id>/metrics?get=numRestarts}, the job detail JSON has no such field on Flink
 * 1.20) and the root causes in its exception history ({@code GET /jobs/<id>/exceptions}).
 */
final class FlinkJobHealth {

    /** One job as seen at one moment; {@code numRestarts} is -1 until the metric is fetched. */
    record Job(
            String id,
            String name,
            String state,
            long numRestarts,
            int exceptionCount,
            List<String> rootCauses) {

        boolean healthy() {
            return state.equals("RUNNING") && numRestarts == 0 && exceptionCount == 0;
        }

        @Override
        public String toString() {
            return name
                    + " "
                    + state
                    + ", numRestarts="
                    + numRestarts
                    + ", exceptions="
                    + exceptionCount
                    + (rootCauses.isEmpty() ? "" : ", root causes " + rootCauses);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    FlinkJobHealth(int restPort) {
        this.base = "http://localhost:" + restPort;
    }

    /** Every job of the cluster, by name. */
    Map<String, Job> jobs() throws IOException, InterruptedException {
        Map<String, Job> out = new LinkedHashMap<>();
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            String id = job.path("jid").asText();
            out.put(
                    job.path("name").asText(),
                    new Job(
                            id,
                            job.path("name").asText(),
                            job.path("state").asText(),
                            numRestarts(id),
                            exceptionCount(id),
                            rootCauses(id)));
        }
        return out;
    }

    /** The {@code numRestarts} job metric; -1 while the metric fetcher has not delivered it yet. */
    long numRestarts(String jobId) throws IOException, InterruptedException {
        for (JsonNode metric : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            if (metric.path("id").asText().equals("numRestarts")) {
                return Long.parseLong(metric.path("value").asText());
            }
        }
        return -1;
    }

    int exceptionCount(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/exceptions")
                .path("exceptionHistory")
                .path("entries")
                .size();
    }

    /**
     * The distinct innermost causes in a job's exception history ("Caused by" lines of the stack
     * traces, or the exception itself when it has no cause), with the task that failed.
     */
    List<String> rootCauses(String jobId) throws IOException, InterruptedException {
        Set<String> causes = new LinkedHashSet<>();
        for (JsonNode entry :
                get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries")) {
            String task = entry.path("taskName").asText("?").replaceAll(" - execution #\\d+$", "");
            causes.add(innermost(entry.path("stacktrace").asText()) + " [task " + task + "]");
        }
        return new ArrayList<>(causes);
    }

    /** The full stack traces of a job's exception history, for the log. */
    List<String> stackTraces(String jobId) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (JsonNode entry :
                get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries")) {
            out.add(entry.path("stacktrace").asText());
        }
        return out;
    }

    static String innermost(String stackTrace) {
        String cause = stackTrace.lines().findFirst().orElse("");
        List<String> lines = stackTrace.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
                // the first frame says where it was thrown
                if (i + 1 < lines.size() && lines.get(i + 1).trim().startsWith("at ")) {
                    cause = cause + " " + lines.get(i + 1).trim();
                }
            }
        }
        if (cause.equals(lines.isEmpty() ? "" : lines.get(0)) && lines.size() > 1) {
            cause = cause + " " + lines.get(1).trim();
        }
        return cause;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
