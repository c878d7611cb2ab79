package io.driftline.trainer.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.driftline.trainer.core.ModelFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an artifact is ({@code metadata.json}): the family and network shape needed to rebuild the
 * block before loading its parameters, and how it was trained.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param model model name
 * @param family the model family's wire name
 * @param inputSize inputs per example
 * @param outputSize outputs per example (classes, 1, inputs, or the horizon)
 * @param hiddenUnits hidden layer widths
 * @param forecastWindow past rows per example (forecaster), 0 otherwise
 * @param forecastHorizon future values per example (forecaster), 0 otherwise
 * @param trainedAt when training finished, epoch millis
 * @param trainingRows rows trained on (without the holdout)
 * @param epochs epochs run
 */
public record ModelMetadata(
        int formatVersion,
        String model,
        String family,
        int inputSize,
        int outputSize,
        List<Integer> hiddenUnits,
        int forecastWindow,
        int forecastHorizon,
        long trainedAt,
        long trainingRows,
        int epochs) {

    /** Version of the {@code metadata.json} layout. */
    public static final int FORMAT_VERSION = 1;

    /** The file name inside an artifact directory. */
    public static final String FILE_NAME = "metadata.json";

    /** The prefix of the parameter file DJL writes ({@code model-0000.params}). */
    public static final String PARAMS_PREFIX = "model";

    private static final JsonMapper MAPPER =
            JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build();

    public ModelMetadata {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(family, "family");
        hiddenUnits = List.copyOf(hiddenUnits);
    }

    /** The family, parsed. */
    public ModelFamily modelFamily() {
        return ModelFamily.fromName(family);
    }

    /**
     * A fresh, uninitialized block of this shape: an MLP with ReLU hidden layers; the autoencoder
     * mirrors its hidden layers around the narrowest one.
     */
    public Block newBlock() {
        List<Integer> widths = new ArrayList<>(hiddenUnits);
        if (modelFamily() == ModelFamily.AUTOENCODER) {
            for (int i = hiddenUnits.size() - 2; i >= 0; i--) {
                widths.add(hiddenUnits.get(i));
            }
        }
        SequentialBlock block = new SequentialBlock();
        for (int width : widths) {
            block.add(Linear.builder().setUnits(width).build());
            block.add(Activation::relu);
        }
        block.add(Linear.builder().setUnits(outputSize).build());
        return block;
    }

    /** Writes {@code dir/metadata.json}. */
    public void write(Path dir) throws IOException {
        MAPPER.writeValue(dir.resolve(FILE_NAME).toFile(), this);
    }

    /**
     * Reads {@code dir/metadata.json}.
     *
     * @throws IOException if it is missing, unreadable, or of an unknown format version
     */
    public static ModelMetadata read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + FILE_NAME + " in " + dir);
        }
        ModelMetadata metadata = MAPPER.readValue(file.toFile(), ModelMetadata.class);
        if (metadata.formatVersion() != FORMAT_VERSION) {
            throw new IOException(
                    "unsupported "
                            + FILE_NAME
                            + " format version "
                            + metadata.formatVersion()
                            + " (this build reads "
                            + FORMAT_VERSION
                            + ")");
        }
        return metadata;
    }
}
