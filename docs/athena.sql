-- Propel event tables for Amazon Athena (and any Hive-compatible engine: Glue, Trino, Spark SQL).
--
-- raw/   : what POST /events stored, one gzip JSON-lines object per request, partitioned by RECEIVE time.
-- clean/ : the same events validated again, normalised (snake_case types, trimmed ids, UTC instants) and
--          deduplicated within each object; same partition and object name as the raw object it came from.
--
-- Replace YOUR-BUCKET with the stack's bucket (output BucketName of `sam deploy`). Partition projection means
-- no MSCK REPAIR / crawler is needed: new hours are visible as soon as they are written.
-- Timestamps are ISO-8601 UTC strings (e.g. 2026-11-28T09:15:00.123Z): declared as string because the JSON
-- SerDe does not read the 'T'/'Z' form as TIMESTAMP; the *_typed views convert them with from_iso8601_timestamp.
-- functions/src/test/java/dev/propel/functions/ingest/AthenaLayoutTest.java reads the objects Propel writes
-- back with an independent JSON reader and checks them against the column lists below.

CREATE EXTERNAL TABLE IF NOT EXISTS propel_raw_events (
  event_id      string,
  `type`        string,
  user_id       string,
  anonymous_id  string,
  session_id    string,
  item_id       string,
  `timestamp`   string,
  price         double,
  quantity      int,
  properties    map<string,string>,
  received_at   string
)
PARTITIONED BY (dt string, `hour` string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://YOUR-BUCKET/raw/'
TBLPROPERTIES (
  'projection.enabled'          = 'true',
  'projection.dt.type'          = 'date',
  'projection.dt.format'        = 'yyyy-MM-dd',
  'projection.dt.range'         = '2020-01-01,NOW',
  'projection.dt.interval'      = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'projection.hour.type'        = 'integer',
  'projection.hour.range'       = '0,23',
  'projection.hour.digits'      = '2',
  'storage.location.template'   = 's3://YOUR-BUCKET/raw/dt=${dt}/hour=${hour}/'
);

CREATE EXTERNAL TABLE IF NOT EXISTS propel_clean_events (
  event_id      string,
  `type`        string,
  user_id       string,
  anonymous_id  string,
  session_id    string,
  item_id       string,
  `timestamp`   string,
  price         double,
  quantity      int,
  properties    map<string,string>,
  received_at   string
)
PARTITIONED BY (dt string, `hour` string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://YOUR-BUCKET/clean/'
TBLPROPERTIES (
  'projection.enabled'          = 'true',
  'projection.dt.type'          = 'date',
  'projection.dt.format'        = 'yyyy-MM-dd',
  'projection.dt.range'         = '2020-01-01,NOW',
  'projection.dt.interval'      = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'projection.hour.type'        = 'integer',
  'projection.hour.range'       = '0,23',
  'projection.hour.digits'      = '2',
  'storage.location.template'   = 's3://YOUR-BUCKET/clean/dt=${dt}/hour=${hour}/'
);

-- Typed view: real TIMESTAMP columns for time arithmetic.
CREATE OR REPLACE VIEW propel_clean_events_typed AS
SELECT event_id, "type", user_id, anonymous_id, session_id, item_id,
       from_iso8601_timestamp("timestamp") AS event_time,
       price, quantity, properties,
       from_iso8601_timestamp(received_at) AS received_time,
       dt, "hour"
FROM propel_clean_events;

-- Example: yesterday's funnel.
-- SELECT "type", count(*) AS events, count(DISTINCT coalesce(user_id, anonymous_id)) AS actors
-- FROM propel_clean_events
-- WHERE dt = cast(current_date - interval '1' day AS varchar)
-- GROUP BY 1 ORDER BY 2 DESC;
