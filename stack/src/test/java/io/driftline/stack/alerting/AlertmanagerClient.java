package io.driftline.stack.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the active alerts of a real Alertmanager through its v2 API, for the alerting ITCases. */
public final class AlertmanagerClient {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final String url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public AlertmanagerClient(String url) {
        this.url = url;
    }

    /** {@code GET /api/v2/alerts}: the active (not resolved) alerts. */
    public List<JsonNode> activeAlerts() {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET /api/v2/alerts: HTTP "
                                + response.statusCode()
                                + " "
                                + response.body());
            }
            List<JsonNode> out = new ArrayList<>();
            MAPPER.readTree(response.body()).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The active alert with {@code alertname} whose labels include {@code label=value}. */
    public Optional<JsonNode> active(String alertname, String label, String value) {
        return activeAlerts().stream()
                .filter(a -> alertname.equals(a.path("labels").path("alertname").asText()))
                .filter(a -> value.equals(a.path("labels").path(label).asText()))
                .findFirst();
    }
}
