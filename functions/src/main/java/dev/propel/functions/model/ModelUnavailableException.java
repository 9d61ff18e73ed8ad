package dev.propel.functions.model;

/** No usable model for a task (never published, missing file, corrupt or incompatible): serving answers 503. */
public final class ModelUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String task;

    public ModelUnavailableException(String task, String reason) {
        super("model '" + task + "' is unavailable: " + reason);
        this.task = task;
    }

    /** The task or model name that has no usable model. */
    public String task() {
        return task;
    }
}
