package io.driftline.trainer.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * An in-process MongoDB-protocol server (mongo-java-server, in memory) and a real driver client.
 */
public final class TestingMongo implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final String uri;
    private final MongoClient client;

    public TestingMongo() {
        var address = server.bind();
        uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
        client = MongoClients.create(uri);
    }

    public String uri() {
        return uri;
    }

    public MongoDatabase database() {
        return client.getDatabase("driftline_test");
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
