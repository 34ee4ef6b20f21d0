-- Configuration tables announce every change, so processes may cache them:
-- each statement that writes harnesses, agents, models or the default model
-- sends NOTIFY on the schema's config channel (delivered at commit) with the
-- table's name. The channel is `<schema>:config`, or for long schema names
-- `<first 40 chars>:<first 16 hex of md5(schema)>:cf` (names stop at 63 bytes).
-- Runs with search_path set to the target schema.

CREATE FUNCTION notify_config_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  channel text := TG_TABLE_SCHEMA || ':config';
BEGIN
  IF octet_length(channel) > 63 THEN
    channel := left(TG_TABLE_SCHEMA, 40) || ':' || left(md5(TG_TABLE_SCHEMA), 16) || ':cf';
  END IF;
  PERFORM pg_notify(channel, TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER harnesses_config_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON harnesses
  FOR EACH STATEMENT EXECUTE FUNCTION notify_config_change();
CREATE TRIGGER agents_config_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agents
  FOR EACH STATEMENT EXECUTE FUNCTION notify_config_change();
CREATE TRIGGER models_config_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON models
  FOR EACH STATEMENT EXECUTE FUNCTION notify_config_change();
CREATE TRIGGER default_model_config_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON default_model
  FOR EACH STATEMENT EXECUTE FUNCTION notify_config_change();
