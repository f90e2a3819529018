package io.osprey.analyzer.mime;

/**
 * The mail protocols' {@link MimeEntity} (Zeek's {@code MIME_Entity} as {@code MIME_Mail} uses it): reports what the
 * entity finds to its {@link MimeMessage}'s callbacks and collects decoded content in the message's buffer.
 *
 * <p>Created by {@link MimeMessage#start} (top level) and by its parent entity; used on the owning message's thread.
 */
final class MailEntity extends MimeEntity {
    private final MimeMessage msg;

    MailEntity(MimeMessage msg, MailEntity parent) {
        super(parent);
        this.msg = msg;
    }

    @Override
    protected MimeHeader headerView() {
        return msg.headerView;
    }

    @Override
    protected void submitHeader(MimeHeader h) {
        msg.header(this, h);
    }

    @Override
    protected void submitAllHeaders() {
        msg.allHeaders(this);
    }

    @Override
    protected byte[] dataBuffer() {
        return msg.buffer();
    }

    @Override
    protected void submitData(int len) {
        msg.data(this, msg.bufferSegment(), len);
    }

    @Override
    protected MimeEntity newChildEntity() {
        MailEntity c = new MailEntity(msg, this);
        msg.beginEntity(c);
        return c;
    }

    @Override
    protected void endEntity() {
        msg.endEntity(this);
    }

    @Override
    protected void weird(String name, String addl) {
        msg.weird(name, addl);
    }

    @Override
    protected void limitWeird(String name, long value) {
        msg.limitWeird(name, value);
    }

    @Override
    protected void event(String category, String detail) {
        msg.event(category, detail);
    }
}
