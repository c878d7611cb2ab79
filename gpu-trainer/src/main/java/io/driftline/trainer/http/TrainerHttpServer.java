package io.driftline.trainer.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.driftline.events.EventJson;
import io.driftline.trainer.admin.TrainerAdmin;
import io.driftline.trainer.publish.PublishException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's HTTP endpoints on the JDK's built-in server: {@code GET /health}, {@code GET
 * /health/all}, {@code GET /metrics} (Prometheus text), and under {@code /admin/}, behind {@code
 * Authorization: Bearer <token>}, {@code POST /admin/retrain}, {@code POST /admin/rollback} and
 * {@code POST /admin/triggers/{id}/resolve}.
 *
 * <p>Messages in answers (a restored ModelPublished, a resolved trigger) are the events contract's
 * JSON, written by {@code EventJson}; the small request and status bodies of this API are plain
 * Jackson trees.
 *
 * <pre>{@code
 * curl -s localhost:8090/health
 * curl -s -H "Authorization: Bearer $DRIFTLINE_ADMIN_TOKEN" -d '{"model":"churn"}' localhost:8090/admin/retrain
 * }</pre>
 */
public final class TrainerHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerHttpServer.class);

    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern RESOLVE = Pattern.compile("^/admin/triggers/([^/]+)/resolve$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<HealthReport> health;
    private final Supplier<String> metrics;
    private final TrainerAdmin admin;
    private final Optional<byte[]> token;
    private final String trainerId;

    private TrainerHttpServer(
            HttpServer server,
            Supplier<HealthReport> health,
            Supplier<String> metrics,
            TrainerAdmin admin,
            Optional<String> token,
            String trainerId) {
        this.server = server;
        this.health = health;
        this.metrics = metrics;
        this.admin = admin;
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.trainerId = trainerId;
        this.executor =
                Executors.newFixedThreadPool(
                        4,
                        r -> {
                            Thread t = new Thread(r, "trainer-http");
                            t.setDaemon(true);
                            return t;
                        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Binds and starts the server.
     *
     * @param token the admin bearer token; without one every admin call answers 401
     */
    public static TrainerHttpServer start(
            String host,
            int port,
            Supplier<HealthReport> health,
            Supplier<String> metrics,
            TrainerAdmin admin,
            Optional<String> token,
            String trainerId)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        TrainerHttpServer http =
                new TrainerHttpServer(server, health, metrics, admin, token, trainerId);
        server.start();
        LOG.info("Trainer HTTP on port {}", http.port());
        return http;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/health") || path.equals("/health/all")) {
                requireMethod(method, "GET");
                health(exchange, path.equals("/health/all"));
            } else if (path.equals("/metrics")) {
                requireMethod(method, "GET");
                send(
                        exchange,
                        200,
                        "text/plain; version=0.0.4; charset=utf-8",
                        metrics.get().getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/admin/")) {
                if (!authorized(exchange)) {
                    exchange.getResponseHeaders()
                            .add("WWW-Authenticate", "Bearer realm=\"driftline\"");
                    error(
                            exchange,
                            401,
                            token.isEmpty()
                                    ? "admin API disabled: set DRIFTLINE_ADMIN_TOKEN or admin.token-file"
                                    : "missing or wrong bearer token");
                    return;
                }
                requireMethod(method, "POST");
                admin(exchange, path);
            } else {
                error(exchange, 404, "no such endpoint: " + path);
            }
        } catch (MethodNotAllowed e) {
            error(exchange, 405, e.getMessage());
        } catch (BadRequest | IllegalArgumentException e) {
            error(exchange, 400, e.getMessage());
        } catch (NoSuchElementException e) {
            error(exchange, 404, e.getMessage());
        } catch (TrainerAdmin.ConflictException e) {
            error(exchange, 409, e.getMessage());
        } catch (PublishException e) {
            LOG.error("Admin request {} could not publish", exchange.getRequestURI(), e);
            error(exchange, 502, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Admin request {} failed", exchange.getRequestURI(), e);
            error(exchange, 500, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private void health(HttpExchange exchange, boolean all) throws IOException {
        HealthReport report = health.get();
        ObjectNode body = JSON.createObjectNode();
        body.put("status", report.status().wire());
        body.put("trainer_id", trainerId);
        ArrayNode reasons = body.putArray("reasons");
        report.reasons().forEach(reasons::add);
        if (all) {
            ObjectNode checks = body.putObject("checks");
            for (HealthReport.Check c : report.checks()) {
                ObjectNode check = checks.putObject(c.name());
                check.put("status", c.status().wire());
                check.put("detail", c.detail());
            }
        }
        sendJson(exchange, report.httpStatus(), body);
    }

    private void admin(HttpExchange exchange, String path) throws IOException, PublishException {
        Matcher resolve = RESOLVE.matcher(path);
        if (path.equals("/admin/retrain")) {
            JsonNode body = body(exchange);
            boolean all = body.path("all").asBoolean(false);
            JsonNode model = body.get("model");
            if (all == (model != null && !model.isNull())) {
                throw new BadRequest("give either \"model\" or \"all\": true");
            }
            if (model != null && !model.isTextual()) {
                throw new BadRequest("\"model\" must be a string");
            }
            boolean force = body.path("force").asBoolean(false);
            ObjectNode out = JSON.createObjectNode();
            ArrayNode requested = out.putArray("requested");
            for (TrainerAdmin.Requested r :
                    admin.retrain(all ? Optional.empty() : Optional.of(model.asText()), force)) {
                ObjectNode n = requested.addObject();
                n.put("model", r.model());
                n.put("trigger_id", r.triggerId());
                n.put("sent", r.sent());
                n.put("detail", r.detail());
            }
            sendJson(exchange, 202, out);
        } else if (path.equals("/admin/rollback")) {
            JsonNode body = body(exchange);
            if (!body.path("model").isTextual()
                    || !body.path("version").canConvertToInt()
                    || !body.path("version").isIntegralNumber()) {
                throw new BadRequest("give \"model\" (string) and \"version\" (integer)");
            }
            var restored =
                    admin.rollback(body.get("model").asText(), body.get("version").intValue());
            send(exchange, 200, "application/json", EventJson.toJson(restored));
        } else if (resolve.matches()) {
            var resolved = admin.resolve(resolve.group(1));
            send(exchange, 200, "application/json", EventJson.toJson(resolved));
        } else {
            error(exchange, 404, "no such endpoint: " + path);
        }
    }

    /** Constant-time comparison of the bearer token, so timing does not leak it. */
    private boolean authorized(HttpExchange exchange) {
        if (token.isEmpty()) {
            return false;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.get());
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BadRequest("body larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new BadRequest("body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest("body is not valid JSON");
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new MethodNotAllowed("use " + allowed);
        }
    }

    private static void error(HttpExchange exchange, int status, String message)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        sendJson(exchange, status, body);
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body)
            throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A request this server cannot take; answered 400. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /** A method the endpoint does not take; answered 405. */
    private static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MethodNotAllowed(String message) {
            super(message);
        }
    }
}
