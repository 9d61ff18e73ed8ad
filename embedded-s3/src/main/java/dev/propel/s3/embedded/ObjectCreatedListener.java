package dev.propel.s3.embedded;

/** Receives the embedded S3's ObjectCreated notifications; the local stack routes them to subscribed functions. */
@FunctionalInterface
public interface ObjectCreatedListener {
    void objectCreated(ObjectCreated event);
}
