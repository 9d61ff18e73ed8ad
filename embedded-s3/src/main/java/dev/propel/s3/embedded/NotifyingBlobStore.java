package dev.propel.s3.embedded;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Wraps S3Proxy's store so that every successful write, whoever made it, raises an ObjectCreated notification.
 * Hooking the store (not polling the folder) is what lets an {@code aws s3 cp} trigger preprocessing locally.
 *
 * <p>It also makes conditional PUTs ({@code If-None-Match: *}, {@code If-Match}) atomic, as AWS S3 does: S3Proxy
 * checks them before writing with the file-system store, so two racing writers could both pass the check.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {
    private final List<ObjectCreatedListener> listeners = new CopyOnWriteArrayList<>();
    // PUTs of the same key take the same stripe, so a precondition checked under it still holds at the write
    private final Object[] stripes = new Object[64];

    NotifyingBlobStore(BlobStore delegate) {
        super(delegate);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    void addListener(ObjectCreatedListener listener) {
        listeners.add(listener);
    }

    void removeListener(ObjectCreatedListener listener) {
        listeners.remove(listener);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream in) {
        PutObjectResponse r;
        synchronized (stripes[Math.floorMod((request.bucket() + "/" + request.key()).hashCode(), stripes.length)]) {
            checkPreconditions(request);
            r = super.putBlob(request, in);
        }
        long size = request.contentLength() == null ? -1 : request.contentLength();
        fire(new ObjectCreated(request.bucket(), request.key(), size, r.eTag(), "ObjectCreated:Put"));
        return r;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse r = super.copyBlob(request);
        String eTag = r.copyObjectResult() == null ? null : r.copyObjectResult().eTag();
        fire(new ObjectCreated(request.destinationBucket(), request.destinationKey(), -1, eTag,
                "ObjectCreated:Copy"));
        return r;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
            CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse r = super.completeMultipartUpload(upload, request);
        fire(new ObjectCreated(request.bucket(), request.key(), -1, r.eTag(),
                "ObjectCreated:CompleteMultipartUpload"));
        return r;
    }

    private void checkPreconditions(PutObjectRequest request) {
        if (request.ifMatch() == null && request.ifNoneMatch() == null) {
            return;
        }
        HeadObjectResponse current = delegate().blobMetadataIfPresent(request.bucket(), request.key());
        boolean ok = request.ifNoneMatch() != null
                ? current == null
                : current != null && unquoted(request.ifMatch()).equals(unquoted(current.eTag()));
        if (!ok) {
            throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED);
        }
    }

    private static String unquoted(String eTag) {
        return eTag == null ? "" : eTag.replace("\"", "");
    }

    private void fire(ObjectCreated event) {
        for (ObjectCreatedListener l : listeners) {
            l.objectCreated(event);
        }
    }
}
