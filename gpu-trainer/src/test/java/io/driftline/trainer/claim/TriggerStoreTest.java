package io.driftline.trainer.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.events.Evidence;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.events.TriggerStatus;
import io.driftline.trainer.testing.TestingMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The claim protocol against a real MongoDB-protocol server (mongo-java-server). */
class TriggerStoreTest {

    static final long T0 = 1_700_000_000_000L;
    static final long LEASE = 60_000;

    TestingMongo mongo;
    TriggerStore store;

    @BeforeEach
    void setUp() {
        mongo = new TestingMongo();
        store = new TriggerStore(mongo.database());
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    static RetrainTrigger trigger(String model) {
        return RetrainTrigger.pending(
                model,
                T0,
                TriggerReason.DRIFT,
                Severity.DRIFT,
                new Evidence(List.of("r1"), java.util.Map.of("age.psi", 0.31), "age drifted"),
                T0,
                false);
    }

    @Test
    void insertsATriggerOnceAsPending() {
        RetrainTrigger t = trigger("churn");
        assertThat(store.insertIfAbsent(t, T0)).isPresent();
        assertThat(store.insertIfAbsent(t, T0 + 1)).isEmpty();
        RetrainTrigger stored = store.find(t.triggerId()).orElseThrow();
        assertThat(stored).isEqualTo(t);
        Document doc = mongo.database().getCollection(TriggerStore.COLLECTION).find().first();
        assertThat(doc.getString("_id")).isEqualTo(t.triggerId());
        assertThat(doc.getString("status")).isEqualTo("pending");
        assertThat(doc.get("evidence", Document.class).getString("summary"))
                .isEqualTo("age drifted");
    }

    @Test
    void claimsAPendingTriggerWithALease() {
        RetrainTrigger t = trigger("churn");
        store.insertIfAbsent(t, T0);
        TriggerClaim claim =
                store.claim(t.triggerId(), "trainer-a", T0 + 10, T0 + 10 + LEASE).orElseThrow();
        assertThat(claim.tookOverExpiredLease()).isFalse();
        RetrainTrigger claimed = claim.claimed();
        assertThat(claimed.status()).isEqualTo(TriggerStatus.RUNNING);
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(claimed.trainerId()).isEqualTo("trainer-a");
        assertThat(claimed.leaseUntil()).isEqualTo(T0 + 10 + LEASE);
        assertThat(claimed.startedAt()).isEqualTo(T0 + 10);
        assertThat(store.find(t.triggerId())).contains(claimed);
        assertThat(claim.transitions(T0 + 10))
                .extracting(RetrainStatus::from, RetrainStatus::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                TriggerStatus.PENDING, TriggerStatus.RUNNING));
    }

    @Test
    void aLiveClaimCannotBeTakenButAnExpiredOneCan() {
        RetrainTrigger t = trigger("churn");
        store.insertIfAbsent(t, T0);
        store.claim(t.triggerId(), "trainer-a", T0, T0 + LEASE).orElseThrow();

        assertThat(store.claim(t.triggerId(), "trainer-b", T0 + LEASE - 1, T0 + 2 * LEASE))
                .isEmpty();

        TriggerClaim takeover =
                store.claim(t.triggerId(), "trainer-b", T0 + LEASE + 1, T0 + 2 * LEASE + 1)
                        .orElseThrow();
        assertThat(takeover.tookOverExpiredLease()).isTrue();
        assertThat(takeover.previous().trainerId()).isEqualTo("trainer-a");
        assertThat(takeover.claimed().trainerId()).isEqualTo("trainer-b");
        assertThat(takeover.claimed().attempts()).isEqualTo(2);
        // running -> running is no transition: it is published as running -> pending -> running
        assertThat(takeover.transitions(T0 + LEASE + 1))
                .extracting(RetrainStatus::from, RetrainStatus::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                TriggerStatus.RUNNING, TriggerStatus.PENDING),
                        org.assertj.core.groups.Tuple.tuple(
                                TriggerStatus.PENDING, TriggerStatus.RUNNING));

        // the old holder can neither renew nor record any more
        assertThat(store.renew(t.triggerId(), "trainer-a", T0 + 3 * LEASE, T0 + LEASE + 2))
                .isFalse();
        RetrainTrigger stale = takeover.previous();
        assertThat(
                        store.record(
                                stale,
                                stale.withStatus(TriggerStatus.COMPLETED, T0 + LEASE + 3),
                                T0))
                .isFalse();
        assertThat(store.renew(t.triggerId(), "trainer-b", T0 + 3 * LEASE, T0 + LEASE + 2))
                .isTrue();
        assertThat(store.find(t.triggerId()).orElseThrow().leaseUntil()).isEqualTo(T0 + 3 * LEASE);
    }

    @Test
    void finishedTriggersAreNeverClaimedAgain() {
        for (TriggerStatus end :
                List.of(TriggerStatus.COMPLETED, TriggerStatus.FAILED, TriggerStatus.REJECTED)) {
            RetrainTrigger t = trigger("m-" + end.name().toLowerCase());
            store.insertIfAbsent(t, T0);
            RetrainTrigger claimed =
                    store.claim(t.triggerId(), "trainer-a", T0, T0 + LEASE).orElseThrow().claimed();
            RetrainTrigger done = claimed.withStatus(end, T0 + 5);
            assertThat(store.record(claimed, done, T0 + 5)).isTrue();
            assertThat(store.find(t.triggerId())).contains(done);
            assertThat(store.claim(t.triggerId(), "trainer-b", T0 + 10 * LEASE, T0 + 11 * LEASE))
                    .as("claim of a %s trigger", end)
                    .isEmpty();
        }
    }

    @Test
    void ofManyRacingTrainersExactlyOneWins() throws Exception {
        RetrainTrigger t = trigger("churn");
        store.insertIfAbsent(t, T0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<TriggerClaim>>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String trainer = "trainer-" + i;
                racers.add(() -> store.claim(t.triggerId(), trainer, T0, T0 + LEASE));
            }
            long winners = 0;
            for (Future<Optional<TriggerClaim>> f : pool.invokeAll(racers)) {
                winners += f.get().isPresent() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(store.find(t.triggerId()).orElseThrow().attempts()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resolvesAnyUnfinishedTrigger() {
        RetrainTrigger t = trigger("churn");
        store.insertIfAbsent(t, T0);
        store.claim(t.triggerId(), "trainer-a", T0, T0 + LEASE);
        TriggerClaim resolved = store.resolve(t.triggerId(), T0 + 100);
        assertThat(resolved.previous().status()).isEqualTo(TriggerStatus.RUNNING);
        assertThat(resolved.claimed().status()).isEqualTo(TriggerStatus.RESOLVED_MANUALLY);
        assertThat(resolved.claimed().completedAt()).isEqualTo(T0 + 100);
        assertThat(store.find(t.triggerId()).orElseThrow().status())
                .isEqualTo(TriggerStatus.RESOLVED_MANUALLY);
        assertThatThrownBy(() -> store.resolve(t.triggerId(), T0 + 200))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resolved_manually");
        assertThatThrownBy(() -> store.resolve("nope", T0))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void listsOrphansAndActiveTriggers() {
        RetrainTrigger running = trigger("a");
        RetrainTrigger stalePending = trigger("b");
        RetrainTrigger freshPending = trigger("c");
        store.insertIfAbsent(running, T0);
        store.insertIfAbsent(stalePending, T0);
        store.insertIfAbsent(freshPending, T0 + 5 * LEASE);
        store.claim(running.triggerId(), "trainer-a", T0, T0 + LEASE);

        assertThat(store.orphans(T0 + LEASE / 2, T0 - 1, 10)).isEmpty();
        assertThat(store.orphans(T0 + 2 * LEASE, T0 + 1, 10))
                .extracting(RetrainTrigger::triggerId)
                .containsExactlyInAnyOrder(running.triggerId(), stalePending.triggerId());
        assertThat(store.active("a")).map(RetrainTrigger::status).contains(TriggerStatus.RUNNING);
        assertThat(store.active("zzz")).isEmpty();
        assertThat(store.list(Optional.of(TriggerStatus.PENDING), 10)).hasSize(2);
        assertThat(store.models()).containsExactlyInAnyOrder("a", "b", "c");
    }
}
