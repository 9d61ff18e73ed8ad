package dev.propel.core.log;

/** Where {@link JsonLog} lines go: a JSON-lines stream here in core, Powertools Logging inside Lambda (functions). */
@FunctionalInterface
public interface LogSink {
    /** Writes one finished line; called once per {@link JsonLog.Line#log()}. */
    void write(LogEntry entry);
}
