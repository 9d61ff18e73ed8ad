package dev.propel.local.demo;

/** Thrown by a demo part whose module has not been wired in yet: the demo reports it and exits 3. */
public final class StepUnavailableException extends Exception {
    public StepUnavailableException(String message) {
        super(message);
    }
}
