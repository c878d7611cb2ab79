package io.driftline.trainer.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * An in-process MongoDB-protocol server (mongo-java-server, memory backend) spoken to through the
 * real MongoDB driver; close it to stop the server's threads.
 *
 * <pre>{@code
 * try (TestingMongo mongo = new TestingMongo()) {
 *     MongoDatabase db = mongo.database();
 *     ...
 * }
 * }</pre>
 */
public final class TestingMongo implements AutoCloseable {

    /** The database {@link #database()} returns. */
    public static final String DATABASE = "driftline_test";

    private final MongoServer server;
    private final String uri;
    private final MongoClient client;

    /** Starts a server on a free local port. */
    public TestingMongo() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
        // short timeouts, so that operations after stopServer() fail quickly
        client = MongoClients.create(uri + "/?serverSelectionTimeoutMS=500&connectTimeoutMS=500");
    }

    /** The server's address, for a component that creates its own client. */
    public String uri() {
        return uri;
    }

    /** The database {@value #DATABASE}. */
    public MongoDatabase database() {
        return database(DATABASE);
    }

    /** The database {@code name}. */
    public MongoDatabase database(String name) {
        return client.getDatabase(name);
    }

    /** Stops the server but keeps the client, so that every later operation fails. */
    public void stopServer() {
        server.shutdownNow();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.shutdownNow();
        }
    }
}
