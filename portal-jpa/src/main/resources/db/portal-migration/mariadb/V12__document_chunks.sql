-- Document content in chunks, so that no statement moves a whole document (max_allowed_packet) and a reader holds
-- one chunk at a time. Content written before V12 stays in portal_document_content.content (chunk_count NULL).
ALTER TABLE portal_document_content ADD COLUMN chunk_count INT NULL;

CREATE TABLE portal_document_chunk (
    institution_id  VARCHAR(128) NOT NULL,
    document_id     VARCHAR(128) NOT NULL,
    seq             INT          NOT NULL,
    bytes           LONGBLOB     NOT NULL,
    PRIMARY KEY (institution_id, document_id, seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
