package dev.doppel.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Causal attention as one PyTorch operator, {@code scaled_dot_product_attention(q, k, v, is_causal=True)}, which
 * DJL's NDArray API does not expose. Written out as tensor operations (scores, mask, softmax, weighted sum) it
 * materializes the {@code (B, nh, T, T)} scores four times forward and backward, and was a fifth of a training
 * step; PyTorch's fused CPU kernel works in blocks that stay in cache and skips the masked upper triangle. With
 * dropout PyTorch runs the same math unfused, drawing the mask from its seeded generator.
 *
 * <p>The operator is reached through TorchScript: a one-line module whose archive is written here, in memory,
 * and loaded once per process. It has no parameters and no state, so one instance serves every model, thread
 * and device; autograd records through it like through any other operator.
 */
final class FusedAttention {

    /** The module's TorchScript source, as {@code torch.jit.script} prints it. */
    private static final String SOURCE = """
            class CausalAttention(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.CausalAttention,
                q: Tensor,
                k: Tensor,
                v: Tensor,
                dropout: Tensor) -> Tensor:
                return torch.scaled_dot_product_attention(q, k, v, None, float(dropout), True)
            """;

    private static volatile PtSymbolBlock module;

    private FusedAttention() {
    }

    /**
     * {@code softmax(q k^T / sqrt(hs) + causal mask) v}, with dropout {@code p} on the attention weights when
     * {@code training}. Inputs {@code (B, nh, T, hs)}, output {@code (B, nh, T, hs)} in q's manager.
     */
    static NDArray causal(ParameterStore ps, NDArray q, NDArray k, NDArray v, float dropout, boolean training) {
        NDArray p = q.getManager().create(training ? dropout : 0f);                       // ()
        return module().forward(ps, new NDList(q, k, v, p), training).singletonOrThrow(); // (B, nh, T, hs)
    }

    private static PtSymbolBlock module() {
        PtSymbolBlock loaded = module;
        if (loaded == null) {
            synchronized (FusedAttention.class) {
                if (module == null) {
                    // A manager of its own, never closed: the module lives as long as the process.
                    PtNDManager manager = (PtNDManager) Engine.getEngine(Engines.PYTORCH).newBaseManager();
                    try {
                        module = JniUtils.loadModule(manager, new ByteArrayInputStream(archive()), false, false);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot load the fused attention module", e);
                    }
                }
                loaded = module;
            }
        }
        return loaded;
    }

    /** The TorchScript archive {@code torch.jit.save} would write for {@link #SOURCE}: a zip of stored entries. */
    static byte[] archive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "causal_attention/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, "causal_attention/code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
            stored(zip, "causal_attention/data.pkl", modulePickle());
            stored(zip, "causal_attention/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // an empty tuple
        }
        return bytes.toByteArray();
    }

    /**
     * The module object, pickled (protocol 2) as TorchScript expects: {@code __torch__.CausalAttention} built
     * from the attribute dict {@code {"training": True}}.
     */
    private static byte[] modulePickle() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);                                                   // PROTO 2
        out.writeBytes("c__torch__\nCausalAttention\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL
        out.write(')');                                                 // EMPTY_TUPLE
        out.write(0x81);                                                // NEWOBJ
        out.write('}');                                                 // EMPTY_DICT
        byte[] name = "training".getBytes(StandardCharsets.US_ASCII);
        out.write('X');                                                 // BINUNICODE, 4-byte little-endian length
        out.writeBytes(new byte[] {(byte) name.length, 0, 0, 0});
        out.writeBytes(name);
        out.write(0x88);                                                // NEWTRUE
        out.write('s');                                                 // SETITEM
        out.write('b');                                                 // BUILD
        out.write('.');                                                 // STOP
        return out.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }
}
