package io.driftline.trainer.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.trainer.core.ModelFamily;
import org.junit.jupiter.api.Test;

class ModelGateTest {

    private final ModelGate gate = new ModelGate(0.01);

    @Test
    void scoresMayBeWorseByTheToleranceOnly() {
        assertThat(gate.againstChampion(ModelFamily.MLP_CLASSIFIER, 0.795, 0.80).promote())
                .isTrue();
        GateDecision worse = gate.againstChampion(ModelFamily.MLP_CLASSIFIER, 0.78, 0.80);
        assertThat(worse.promote()).isFalse();
        assertThat(worse.metric()).isEqualTo("f1");
        assertThat(worse.reason()).contains("0.7800").contains("0.8000").contains("is worse than");
    }

    @Test
    void errorsMayBeHigherByTheToleranceOnly() {
        assertThat(gate.againstChampion(ModelFamily.MLP_REGRESSOR, 1.005, 1.0).promote()).isTrue();
        assertThat(gate.againstChampion(ModelFamily.MLP_REGRESSOR, 1.02, 1.0).promote()).isFalse();
        assertThat(gate.againstChampion(ModelFamily.AUTOENCODER, 0.5, 1.0).metric())
                .isEqualTo("reconstruction_error");
        assertThat(gate.againstChampion(ModelFamily.FORECASTER, Double.NaN, 1.0).promote())
                .isFalse();
    }

    @Test
    void aFirstVersionMustStrictlyBeatTheBaseline() {
        assertThat(gate.againstBaseline(ModelFamily.MLP_CLASSIFIER, 0.5, 0.5).promote()).isFalse();
        assertThat(gate.againstBaseline(ModelFamily.MLP_CLASSIFIER, 0.51, 0.5).promote()).isTrue();
        GateDecision decision = gate.againstBaseline(ModelFamily.MLP_REGRESSOR, 2.0, 1.0);
        assertThat(decision.promote()).isFalse();
        assertThat(decision.againstBaseline()).isTrue();
        assertThat(decision.reason()).contains("does not beat the trivial baseline 1.0000");
    }
}
