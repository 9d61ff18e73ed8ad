package dev.propel.functions.policy;

/** There is nothing to evaluate: no logged decision with a final outcome and a usable probability. */
public final class NoDecisionsException extends RuntimeException {
    public NoDecisionsException(String message) {
        super(message);
    }
}
