package dev.propel.functions.http;

import dev.propel.functions.metrics.FunctionMetrics;

/**
 * The domain part of one API function: a request in, a reply out. Caller mistakes are thrown as
 * {@link ApiException}; everything else thrown is mapped by {@link ErrorMapping}.
 */
@FunctionalInterface
public interface ApiRoute {
    /** Answers {@code request}, counting what it did (events accepted, predictions, decisions) in {@code metrics}. */
    ApiReply handle(ApiRequest request, FunctionMetrics metrics);
}
