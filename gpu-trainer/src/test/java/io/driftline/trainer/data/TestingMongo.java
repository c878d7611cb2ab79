package io.driftline.trainer.data;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * An in-process MongoDB-protocol server (mongo-java-server, memory backend) spoken to through the
 * real MongoDB driver; close it to stop the server's threads.
 */
public final class TestingMongo implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;

    /** Starts a server on a free local port. */
    public TestingMongo() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client =
                MongoClients.create(
                        "mongodb://"
                                + address.getHostString()
                                + ":"
                                + address.getPort()
                                + "/?serverSelectionTimeoutMS=500&connectTimeoutMS=500");
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
