package dev.propel.bench.serving;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP socket standing where Lambda's X-Ray daemon listens, drained by a thread: the SDK's sends are real sends
 * to a real receiver, and the count of datagrams shows that sampled invocations were sent.
 */
final class XRayDaemonSocket implements AutoCloseable {
    private final DatagramSocket socket;
    private final AtomicLong datagrams = new AtomicLong();
    private final Thread drain;

    XRayDaemonSocket() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setReceiveBufferSize(4 << 20);
        drain = new Thread(this::drain, "xray-daemon-socket");
        drain.setDaemon(true);
        drain.start();
    }

    /** The address to set as {@code AWS_XRAY_DAEMON_ADDRESS}. */
    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Datagrams received so far. */
    long datagrams() {
        return datagrams.get();
    }

    private void drain() {
        DatagramPacket packet = new DatagramPacket(new byte[64 * 1024], 64 * 1024);
        while (!socket.isClosed()) {
            try {
                socket.receive(packet);
                datagrams.incrementAndGet();
            } catch (IOException e) {
                // closed: the benchmark is over
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        drain.join(1_000);
    }
}
