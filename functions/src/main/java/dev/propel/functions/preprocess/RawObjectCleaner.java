package dev.propel.functions.preprocess;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.ClockSkew;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.EventNormaliser;
import dev.propel.core.event.EventValidator;
import dev.propel.core.event.ValidationError;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Stage 1's transformation of one raw object, without S3: streams gzip JSON lines in, validates each line again
 * ({@link EventValidator}), normalises it ({@link EventNormaliser}), keeps the first line of each
 * {@code event_id}, and streams gzip JSON lines out. Bad lines go, byte for byte, to a second gzip output.
 * Memory is bounded by the longest line, never by the object. Output depends only on input (gzip header mtime
 * is 0 in the JDK's writer), so reprocessing gives identical bytes.
 */
public final class RawObjectCleaner {
    /** Errors listed in a quarantine reason file; the counts stay exact beyond it. */
    public static final int MAX_REPORTED_ERRORS = 100;

    private static final int CHUNK = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .rootValueSeparator((String) null)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private final EventValidator validator;
    private final int maxLineBytes;

    public RawObjectCleaner(EventValidator validator) {
        this.validator = validator;
        this.maxLineBytes = validator.limits().maxBodyBytes();
    }

    /**
     * Cleans one object.
     *
     * @param gzipped  the raw object's bytes (gzip)
     * @param cleanOut receives the clean object (gzip JSON lines); written and finished, not closed
     * @param badOut   receives the bad lines (gzip); written and finished, not closed
     * @throws UnreadableObjectException when the input is not gzip, is truncated, or holds no JSON line at all
     */
    public CleanResult clean(InputStream gzipped, OutputStream cleanOut, OutputStream badOut)
            throws IOException, UnreadableObjectException {
        State s = new State(cleanOut, badOut);
        try (InputStream in = new GZIPInputStream(gzipped, CHUNK)) {
            readLines(in, s);
        } catch (ZipException | EOFException e) {
            throw new UnreadableObjectException("not a readable gzip object: " + e.getMessage(), e);
        }
        if (s.lines > 0 && s.jsonLines == 0) {
            throw new UnreadableObjectException("not JSON lines: none of " + s.lines + " lines is a JSON object", null);
        }
        s.finish();
        return new CleanResult(s.lines, s.clean, s.duplicates, s.badLines, s.errors);
    }

    private void readLines(InputStream in, State s) throws IOException {
        byte[] buf = new byte[CHUNK];
        int start = 0; // first byte of the current line
        int end = 0; // bytes in buf
        boolean skippingLongLine = false;
        while (true) {
            if (end == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                } else if (buf.length < maxLineBytes + 1) {
                    buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, maxLineBytes + 1));
                } else {
                    // a line longer than any event may be: report it once, then drop bytes up to its end
                    if (!skippingLongLine) {
                        s.bad(buf, 0, Math.min(end, 1024), new ValidationError((int) s.lineIndex, null,
                                "line longer than " + maxLineBytes + " bytes"));
                        skippingLongLine = true;
                    }
                    end = 0;
                }
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                break;
            }
            int scanFrom = end;
            end += n;
            for (int i = scanFrom; i < end; i++) {
                if (buf[i] == '\n') {
                    if (skippingLongLine) {
                        skippingLongLine = false;
                        s.lineIndex++;
                        s.lines++;
                    } else {
                        line(buf, start, i, s);
                    }
                    start = i + 1;
                }
            }
        }
        if (skippingLongLine) {
            s.lineIndex++;
            s.lines++;
        } else if (start < end) {
            line(buf, start, end, s);
        }
    }

    private void line(byte[] buf, int from, int to, State s) throws IOException {
        int index = (int) s.lineIndex++;
        int end = to > from && buf[to - 1] == '\r' ? to - 1 : to;
        if (isBlank(buf, from, end)) {
            return;
        }
        s.lines++;
        int errorsBefore = s.lineErrors.size();
        BehaviourEvent event;
        try (JsonParser p = JSON.createParser(buf, from, end - from)) {
            if (buf[firstNonBlank(buf, from, end)] == '{') {
                s.jsonLines++;
            }
            event = validator.read(p, index, s.lineErrors);
            if (event != null && p.nextToken() != null) {
                s.lineErrors.add(new ValidationError(index, null, "more than one JSON value on the line"));
                event = null;
            }
            // objects written straight to raw/ (imports, backfills) never met ingest's check
            if (event != null && ClockSkew.tooFarAhead(event.timestamp(), event.receivedAt(),
                    validator.limits().maxClockAhead())) {
                s.lineErrors.add(new ValidationError(index, EventJson.TIMESTAMP,
                        ClockSkew.error(validator.limits().maxClockAhead())));
                event = null;
            }
        } catch (JsonProcessingException e) {
            s.lineErrors.add(new ValidationError(index, null, "not valid JSON: " + e.getOriginalMessage()));
            event = null;
        } catch (IOException e) {
            // Jackson guesses a line's encoding from its first bytes (FF FE 00 00 reads as UTF-32) and fails with
            // a CharConversionException: that line is bad, the rest of the object is not
            s.lineErrors.add(new ValidationError(index, null, "not UTF-8 JSON: " + e.getMessage()));
            event = null;
        }
        if (event == null) {
            s.bad(buf, from, end - from, null);
            for (int i = errorsBefore; i < s.lineErrors.size(); i++) {
                s.report(s.lineErrors.get(i));
            }
            s.lineErrors.clear();
            return;
        }
        BehaviourEvent clean = EventNormaliser.normalise(event);
        if (!s.seen.add(clean.eventId())) {
            s.duplicates++;
            return;
        }
        EventJson.write(clean, s.cleanJson);
        s.cleanJson.writeRaw('\n');
        s.clean++;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        return firstNonBlank(b, from, to) == to;
    }

    private static int firstNonBlank(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** Per-object mutable state: outputs, counters, the set of ids seen. */
    private static final class State {
        final GZIPOutputStream cleanGzip;
        final JsonGenerator cleanJson;
        final GZIPOutputStream badGzip;
        final Set<String> seen = new HashSet<>();
        final List<ValidationError> errors = new ArrayList<>();
        final List<ValidationError> lineErrors = new ArrayList<>();
        long lineIndex;
        long lines;
        long jsonLines;
        long clean;
        long duplicates;
        long badLines;

        State(OutputStream cleanOut, OutputStream badOut) throws IOException {
            this.cleanGzip = new GZIPOutputStream(new NonClosing(cleanOut), CHUNK);
            this.cleanJson = JSON.createGenerator(cleanGzip);
            this.badGzip = new GZIPOutputStream(new NonClosing(badOut), CHUNK);
        }

        void bad(byte[] b, int off, int len, ValidationError error) throws IOException {
            badLines++;
            badGzip.write(b, off, len);
            badGzip.write('\n');
            if (error != null) {
                report(error);
            }
        }

        void report(ValidationError e) {
            if (errors.size() < MAX_REPORTED_ERRORS) {
                errors.add(e);
            }
        }

        void finish() throws IOException {
            cleanJson.close(); // flushes into, and closes, the gzip stream; NonClosing keeps the target open
            badGzip.close();
        }
    }

    /** Lets a gzip stream be finished without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
