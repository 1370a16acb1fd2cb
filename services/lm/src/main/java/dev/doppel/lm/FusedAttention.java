package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
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
 * step; PyTorch's fused CPU kernel works in blocks that stay in cache and skips the masked upper triangle.
 *
 * <p>With dropout the weights must exist to be dropped, so the module runs the same math unfused and multiplies
 * the weights by a keep mask it is given ({@link RowDropout}): the trainer draws masks per batch row from its own
 * seeded streams, not from PyTorch's global generator, so that rows can train on several threads at once and still
 * draw what they would draw on one.
 *
 * <p>The operator is reached through TorchScript: a small module whose archive is written here, in memory, and
 * loaded once per process. It has no parameters and no state, so one instance serves every model, thread and
 * device; autograd records through it like through any other operator.
 */
final class FusedAttention {

    /**
     * The module's TorchScript source, as {@code torch.jit.script} prints it for: if {@code keep} is empty,
     * {@code F.scaled_dot_product_attention(q, k, v, None, 0., True)}; else {@code softmax(q k^T / sqrt(hs)} with
     * the future masked to -inf{@code ) * keep @ v}. (dtype 11 is bool.)
     */
    private static final String SOURCE = """
            class CausalAttention(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.CausalAttention,
                q: Tensor,
                k: Tensor,
                v: Tensor,
                keep: Tensor) -> Tensor:
                if torch.eq(torch.numel(keep), 0):
                  _1 = torch.scaled_dot_product_attention(q, k, v, None, 0., True)
                  _0 = _1
                else:
                  t = torch.size(q, -2)
                  _2 = torch.matmul(q, torch.transpose(k, -2, -1))
                  scores = torch.div(_2, torch.sqrt(torch.size(q, -1)))
                  _3 = torch.ones([t, t], dtype=11, layout=None, device=ops.prim.device(q))
                  future = torch.triu(_3, 1)
                  _4 = torch.masked_fill(scores, future, -inf)
                  weights = torch.softmax(_4, -1)
                  _5 = torch.matmul(torch.mul(weights, keep), v)
                  _0 = _5
                return _0
            """;

    private static volatile PtSymbolBlock module;

    private FusedAttention() {
    }

    /**
     * {@code softmax(q k^T / sqrt(hs) + causal mask) v}. Inputs {@code (B, nh, T, hs)}, output {@code (B, nh, T, hs)}
     * in q's manager. With dropout {@code p} while {@code training}, the weights are multiplied by a keep mask of
     * {@code (B, nh, T, T)} from {@link RowDropout#keepMask}.
     */
    static NDArray causal(ParameterStore ps, NDArray q, NDArray k, NDArray v, float dropout, boolean training) {
        NDManager manager = q.getManager();
        Shape qShape = q.getShape();
        NDArray keep = training && dropout > 0f
                ? RowDropout.keepMask(ps, manager, new Shape(qShape.get(0), qShape.get(1), qShape.get(2), qShape.get(2)), dropout) // (B, nh, T, T)
                : manager.create(new Shape(0));                                           // empty: no dropout
        return causal(q, k, v, keep, training);
    }

    /** As above with the keep mask given: {@code (B, nh, T, T)}, or empty for no dropout. */
    static NDArray causal(NDArray q, NDArray k, NDArray v, NDArray keep, boolean training) {
        // Straight to the module, not through Block.forward: that path initializes the block and flips its
        // train flag, shared state that would race when several threads train at once.
        return IValueUtils.forward(module(), new NDList(q, k, v, keep), training).singletonOrThrow(); // (B, nh, T, hs)
    }

    private static PtSymbolBlock module() {
        PtSymbolBlock loaded = module;
        if (loaded == null) {
            synchronized (FusedAttention.class) {
                if (module == null) {
                    // A manager of its own, never closed: the module lives as long as the process.
                    PtNDManager manager = (PtNDManager) Engines.pytorch().newBaseManager();
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
