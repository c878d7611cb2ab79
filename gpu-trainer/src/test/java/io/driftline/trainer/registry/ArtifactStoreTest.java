package io.driftline.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {

    @TempDir Path root;

    @Test
    void resolvesModelNamesInsideTheModelsDirectory() {
        ArtifactStore store = new ArtifactStore(root);

        assertThat(store.versionDir("fraud.v2", 3))
                .isEqualTo(root.resolve("fraud.v2").resolve("3"));
        for (String bad : new String[] {"..", ".", "a/b", "../x", "", "a\\b"}) {
            assertThatThrownBy(() -> store.modelDir(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.versionDir("m", 0))
                .hasMessageContaining("version must be >= 1");
    }

    @Test
    void sha256CoversNamesAndContents() throws Exception {
        Path a = Files.createDirectories(root.resolve("a"));
        Files.writeString(a.resolve("x"), "1");
        Files.writeString(a.resolve("y"), "2");
        String digest = ArtifactStore.sha256(a);

        assertThat(digest).matches("[0-9a-f]{64}").isEqualTo(ArtifactStore.sha256(a));
        Files.writeString(a.resolve("y"), "3");
        assertThat(ArtifactStore.sha256(a)).isNotEqualTo(digest);
        Files.writeString(a.resolve("y"), "2");
        Files.move(a.resolve("y"), a.resolve("z"));
        assertThat(ArtifactStore.sha256(a)).isNotEqualTo(digest);
    }

    @Test
    void verificationRefusesMissingAndAlteredArtifacts() throws Exception {
        ArtifactStore store = new ArtifactStore(root);
        Path staged = store.newStagingDir("m");
        Files.writeString(staged.resolve("model-0000.params"), "weights");
        String digest = ArtifactStore.sha256(staged);
        store.commit(staged, "m", 1);

        assertThat(store.verified("m", 1, digest)).isEqualTo(root.resolve("m").resolve("1"));
        assertThatThrownBy(() -> store.verified("m", 2, digest))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("is missing");
        Files.writeString(root.resolve("m/1/extra.txt"), "x");
        assertThatThrownBy(() -> store.verified("m", 1, digest))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("fails its sha256 check");
    }
}
