package io.driftline.trainer.encoding;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A model's input and target encodings, saved next to its weights as {@code encoder.json} so the
 * model can be evaluated (or served) exactly as it was trained.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param features the feature columns in input order
 * @param label the target encoding
 */
public record ModelEncoding(int formatVersion, List<FeatureColumn> features, LabelEncoder label) {

    /** Version of the {@code encoder.json} layout. */
    public static final int FORMAT_VERSION = 1;

    /** The file name inside an artifact directory. */
    public static final String FILE_NAME = "encoder.json";

    private static final JsonMapper MAPPER =
            JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build();

    public ModelEncoding {
        features = List.copyOf(features);
        Objects.requireNonNull(label, "label");
    }

    /** The encoding of {@code encoder} and {@code label}. */
    public static ModelEncoding of(FeatureEncoder encoder, LabelEncoder label) {
        return new ModelEncoding(FORMAT_VERSION, encoder.columns(), label);
    }

    /** A feature encoder over {@link #features()}. */
    public FeatureEncoder featureEncoder() {
        return new FeatureEncoder(features);
    }

    /** Writes {@code dir/encoder.json}. */
    public void write(Path dir) throws IOException {
        MAPPER.writeValue(dir.resolve(FILE_NAME).toFile(), this);
    }

    /**
     * Reads {@code dir/encoder.json}.
     *
     * @throws IOException if it is missing, unreadable, or of an unknown format version
     */
    public static ModelEncoding read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + FILE_NAME + " in " + dir);
        }
        ModelEncoding encoding = MAPPER.readValue(file.toFile(), ModelEncoding.class);
        if (encoding.formatVersion() != FORMAT_VERSION) {
            throw new IOException(
                    "unsupported "
                            + FILE_NAME
                            + " format version "
                            + encoding.formatVersion()
                            + " (this build reads "
                            + FORMAT_VERSION
                            + ")");
        }
        return encoding;
    }
}
