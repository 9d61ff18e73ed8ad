package dev.propel.functions.tracing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * An X-Ray subsegment around every AWS SDK call (S3, Step Functions) of the functions, by X-Ray's own
 * {@code TracingInterceptor} (recording like the inference spans, see {@link Tracing}) when {@link Tracing#lambda()}
 * is active, and nothing otherwise. Registered for every SDK client through the SDK's global interceptor list
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors}), so no client factory needs to know; the
 * SDK builds it by its no-argument constructor, hence the one lookup of the process's tracing here.
 */
public final class AwsCallTracingInterceptor implements ExecutionInterceptor {
    private final ExecutionInterceptor xray;

    /** Called by the AWS SDK once per client built. */
    public AwsCallTracingInterceptor() {
        this(Tracing.lambda());
    }

    /** Tracing as {@code tracing} says (tests, which run outside Lambda). */
    AwsCallTracingInterceptor(Tracing tracing) {
        this.xray = tracing.awsCallInterceptor();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (xray != null) {
            xray.beforeExecution(context, attributes);
        }
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return xray == null ? context.httpRequest() : xray.modifyHttpRequest(context, attributes);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (xray != null) {
            xray.beforeTransmission(context, attributes);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (xray != null) {
            xray.afterExecution(context, attributes);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (xray != null) {
            xray.onExecutionFailure(context, attributes);
        }
    }
}
