package dev.propel.core.recall;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The recall artefact: item-to-item co-visitation, buy-after-view, item popularity and trend, and the sessions
 * that session-kNN compares with, as flat arrays (CSR lists per item). Immutable once built; written and read as
 * one compact binary object (layout in docs/recommendation.md).
 */
public final class RecallIndex {
    static final int MAGIC = 0x5052434c; // "PRCL"
    /** Binary layout version; a reader refuses any other. */
    public static final int FORMAT_VERSION = 1;

    final RecallSettings settings;
    final String[] items;
    final float[] popularity;
    final float[] trending;
    final int[] topPopular;
    final int[] topTrending;
    final int[] covOffsets;
    final int[] covItems;
    final float[] covScores;
    final int[] bavOffsets;
    final int[] bavItems;
    final float[] bavScores;
    final int[] sessionOffsets;
    final int[] sessionItems;
    final int[] itemSessionOffsets;
    final int[] itemSessions;
    private final Map<String, Integer> index;

    RecallIndex(RecallSettings settings, String[] items, float[] popularity, float[] trending, int[] topPopular,
            int[] topTrending, int[] covOffsets, int[] covItems, float[] covScores, int[] bavOffsets,
            int[] bavItems, float[] bavScores, int[] sessionOffsets, int[] sessionItems, int[] itemSessionOffsets,
            int[] itemSessions) {
        this.settings = settings;
        this.items = items;
        this.popularity = popularity;
        this.trending = trending;
        this.topPopular = topPopular;
        this.topTrending = topTrending;
        this.covOffsets = covOffsets;
        this.covItems = covItems;
        this.covScores = covScores;
        this.bavOffsets = bavOffsets;
        this.bavItems = bavItems;
        this.bavScores = bavScores;
        this.sessionOffsets = sessionOffsets;
        this.sessionItems = sessionItems;
        this.itemSessionOffsets = itemSessionOffsets;
        this.itemSessions = itemSessions;
        this.index = new HashMap<>(items.length * 2);
        for (int i = 0; i < items.length; i++) {
            index.put(items[i], i);
        }
        check();
    }

    public RecallSettings settings() {
        return settings;
    }

    /** Items known to recall. */
    public int itemCount() {
        return items.length;
    }

    /** Sessions session-kNN compares with. */
    public int sessionCount() {
        return sessionOffsets.length - 1;
    }

    /** The item's index, or -1 when recall has never seen it. */
    public int indexOf(String itemId) {
        Integer i = itemId == null ? null : index.get(itemId);
        return i == null ? -1 : i;
    }

    public String itemId(int index) {
        return items[index];
    }

    /** How often the item was seen (action-weighted). */
    public float popularity(int item) {
        return popularity[item];
    }

    /** How often the item was seen in the most recent part of the window. */
    public float trending(int item) {
        return trending[item];
    }

    /** The most popular items, most popular first. */
    public int[] topPopular() {
        return topPopular.clone();
    }

    /** The trending items (recent popularity), most trending first. */
    public int[] topTrending() {
        return topTrending.clone();
    }

    /** Co-visitation neighbours of {@code item}, best first, as {@code [from, to)} positions in the lists. */
    public int neighbourCount(int item) {
        return covOffsets[item + 1] - covOffsets[item];
    }

    /** The {@code k}-th co-visitation neighbour of {@code item}. */
    public int neighbour(int item, int k) {
        return covItems[covOffsets[item] + k];
    }

    /** The score of the {@code k}-th co-visitation neighbour of {@code item}. */
    public float neighbourScore(int item, int k) {
        return covScores[covOffsets[item] + k];
    }

    /** Approximate heap size of the arrays, in bytes. */
    public long sizeBytes() {
        long ints = (long) topPopular.length + topTrending.length + covOffsets.length + covItems.length
                + bavOffsets.length + bavItems.length + sessionOffsets.length + sessionItems.length
                + itemSessionOffsets.length + itemSessions.length;
        long floats = (long) popularity.length + trending.length + covScores.length + bavScores.length;
        long strings = 0;
        for (String s : items) {
            strings += 56 + 2L * s.length() + 48; // string, its array, and its map entry
        }
        return 4 * (ints + floats) + strings;
    }

    /** The artefact's bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(settings.window());
            out.writeInt(settings.neighbours());
            out.writeFloat(settings.backwardWeight());
            out.writeFloat(settings.popularityDamping());
            out.writeInt(settings.sessionsPerItem());
            out.writeInt(settings.similarSessions());
            out.writeInt(settings.candidates());
            out.writeInt(items.length);
            for (String s : items) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeShort(b.length);
                out.write(b);
            }
            for (float[] a : new float[][] {popularity, trending}) {
                writeFloats(out, a);
            }
            writeInts(out, topPopular);
            writeInts(out, topTrending);
            writeInts(out, covOffsets);
            writeInts(out, covItems);
            writeFloats(out, covScores);
            writeInts(out, bavOffsets);
            writeInts(out, bavItems);
            writeFloats(out, bavScores);
            writeInts(out, sessionOffsets);
            writeInts(out, sessionItems);
            writeInts(out, itemSessionOffsets);
            writeInts(out, itemSessions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads an artefact, refusing anything that is not a complete, consistent one of this format version. */
    public static RecallIndex fromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.getInt() != MAGIC) {
                throw new IllegalArgumentException("not a Propel recall artefact");
            }
            int version = in.getInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("recall artefact format " + version + ", this code reads "
                        + FORMAT_VERSION);
            }
            RecallSettings settings = new RecallSettings(in.getInt(), in.getInt(), in.getFloat(), in.getFloat(),
                    in.getInt(), in.getInt(), in.getInt());
            int n = in.getInt();
            if (n < 0 || n > bytes.length) {
                throw new IllegalArgumentException("corrupt item count " + n);
            }
            String[] items = new String[n];
            for (int i = 0; i < n; i++) {
                int len = Short.toUnsignedInt(in.getShort());
                items[i] = new String(bytes, in.position(), len, StandardCharsets.UTF_8);
                in.position(in.position() + len);
            }
            RecallIndex index = new RecallIndex(settings, items, floats(in), floats(in), ints(in), ints(in),
                    ints(in), ints(in), floats(in), ints(in), ints(in), floats(in), ints(in), ints(in), ints(in),
                    ints(in));
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after the recall artefact");
            }
            return index;
        } catch (BufferUnderflowException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncated or corrupt recall artefact", e);
        }
    }

    private void check() {
        int n = items.length;
        require(popularity.length == n && trending.length == n, "item arrays");
        csr(covOffsets, covItems.length, n, "co-visitation");
        require(covScores.length == covItems.length, "co-visitation scores");
        csr(bavOffsets, bavItems.length, n, "buy-after-view");
        require(bavScores.length == bavItems.length, "buy-after-view scores");
        csr(itemSessionOffsets, itemSessions.length, n, "item sessions");
        require(sessionOffsets.length >= 1 && sessionOffsets[0] == 0
                && sessionOffsets[sessionOffsets.length - 1] == sessionItems.length, "sessions");
        for (int[] list : new int[][] {covItems, bavItems, sessionItems, topPopular, topTrending}) {
            for (int v : list) {
                require(v >= 0 && v < n, "item index out of range");
            }
        }
        int sessions = sessionOffsets.length - 1;
        for (int s : itemSessions) {
            require(s >= 0 && s < sessions, "session index out of range");
        }
        for (int s = 0; s < sessions; s++) {
            require(sessionOffsets[s] <= sessionOffsets[s + 1], "session offsets");
        }
    }

    private static void csr(int[] offsets, int length, int n, String what) {
        require(offsets.length == n + 1 && offsets[0] == 0 && offsets[n] == length, what + " offsets");
        for (int i = 0; i < n; i++) {
            require(offsets[i] <= offsets[i + 1], what + " offsets");
        }
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("inconsistent recall artefact: " + what);
        }
    }

    private static void writeInts(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer b = ByteBuffer.allocate(4 * a.length);
        b.asIntBuffer().put(a);
        out.write(b.array());
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer b = ByteBuffer.allocate(4 * a.length);
        b.asFloatBuffer().put(a);
        out.write(b.array());
    }

    private static int[] ints(ByteBuffer in) {
        int len = in.getInt();
        if (len < 0 || 4L * len > in.remaining()) {
            throw new IllegalArgumentException("truncated or corrupt recall artefact");
        }
        int[] a = new int[len];
        in.asIntBuffer().get(a);
        in.position(in.position() + 4 * len);
        return a;
    }

    private static float[] floats(ByteBuffer in) {
        int len = in.getInt();
        if (len < 0 || 4L * len > in.remaining()) {
            throw new IllegalArgumentException("truncated or corrupt recall artefact");
        }
        float[] a = new float[len];
        in.asFloatBuffer().get(a);
        in.position(in.position() + 4 * len);
        return a;
    }
}
