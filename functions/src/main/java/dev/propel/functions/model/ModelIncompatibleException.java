package dev.propel.functions.model;

/** A model file that loads but does not fit this code: wrong inputs, outputs, task or feature schema version. */
public final class ModelIncompatibleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelIncompatibleException(String message) {
        super(message);
    }
}
