-- Requests sent with an Idempotency-Key (see IdempotencyStore). The primary key is what makes one of several
-- concurrent claims win, across every gateway process on this database. Nothing here is readable: id and
-- request_hash are keyed hashes, answer is sealed under a key derived from the client's Idempotency-Key.
-- Independent of every migration after V4, so that it can be ordered after any of them.
CREATE TABLE idempotency_keys (
  id               text COLLATE "C" PRIMARY KEY,
  instance_id      text COLLATE "C" NOT NULL,
  request_hash     text COLLATE "C" NOT NULL,
  lease_id         text COLLATE "C" NOT NULL,
  lease_expires_at timestamptz NOT NULL,
  answer           bytea,
  expires_at       timestamptz NOT NULL
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
