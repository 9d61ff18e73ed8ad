package dev.propel.core.privacy;

import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Fetches one decrypted SSM parameter: where the HMAC key lives on AWS when it should not sit in a function's
 * environment. Used once per cold start; the client is closed right after. The key the template generates
 * ({@code PseudonymiseUserIds=true}) is a Secrets Manager secret read through Parameter Store's reference name,
 * {@code /aws/reference/secretsmanager/<stack>/hmac-key}, so no second client is needed.
 */
public final class SsmParameterLookup implements Function<String, String> {
    @Override
    public String apply(String name) {
        try (SsmClient ssm = SsmClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            return ssm.getParameter(b -> b.name(name).withDecryption(true)).parameter().value();
        }
    }
}
