package io.driftline.stack.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB-protocol server for the embedded stack and the tests: mongo-java-server with its H2
 * (MVStore) backend persisting to one file, so the record survives a restart of the stack. Clients
 * talk to it with the real MongoDB driver; production points the same clients at a real MongoDB.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final MongoServer server;
    private final H2Backend backend;
    private final String connectionString;
    private volatile boolean closed;

    private EmbeddedMongo(MongoServer server, H2Backend backend, String connectionString) {
        this.server = server;
        this.backend = backend;
        this.connectionString = connectionString;
    }

    /** Starts a server persisting to {@code dataFile} on {@code host:port} (port 0 = any free). */
    public static EmbeddedMongo start(Path dataFile, String host, int port) throws IOException {
        Files.createDirectories(dataFile.toAbsolutePath().getParent());
        H2Backend backend = new H2Backend(dataFile.toAbsolutePath().toString());
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(host, port);
        } catch (RuntimeException e) {
            server.shutdownNow();
            backend.close();
            throw new IOException(
                    "Could not bind the MongoDB-protocol server to "
                            + host
                            + ":"
                            + port
                            + " (is a mongod or another stack running? use --mongo-port)",
                    e);
        }
        var address = server.getLocalAddress();
        String uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
        LOG.info("MongoDB-protocol server on {} (data {})", uri, dataFile);
        return new EmbeddedMongo(server, backend, uri);
    }

    /** The {@code mongodb://} URI clients connect to. */
    public String connectionString() {
        return connectionString;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Netty's threads would keep the JVM alive: shut the server down, then flush the store.
        server.shutdownNow();
        try {
            backend.close();
        } catch (RuntimeException e) {
            LOG.debug("MongoDB backend was already closed", e);
        }
    }
}
