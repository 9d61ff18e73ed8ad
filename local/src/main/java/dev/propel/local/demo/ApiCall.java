package dev.propel.local.demo;

/** One example request the demo sends to the serving API once models are published. */
public record ApiCall(String path, String body) {
}
