-- Document content in chunks, so that no statement moves a whole document and a reader holds one chunk at a time.
-- Content written before V12 stays in portal_document_content.content (chunk_count NULL) and reads as before.
ALTER TABLE portal_document_content ADD COLUMN chunk_count INT;

CREATE TABLE portal_document_chunk (
    institution_id  VARCHAR(128) NOT NULL,
    document_id     VARCHAR(128) NOT NULL,
    seq             INT          NOT NULL,
    bytes           BYTEA        NOT NULL,
    CONSTRAINT pk_portal_document_chunk PRIMARY KEY (institution_id, document_id, seq)
);
