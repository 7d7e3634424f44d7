"""A model id's parts, as SQL on a `model_id` column: 'owner/name' (split at the first '/'), or a
bare name for the Hub's early models (`gpt2`), which has no owner."""

OWNER_SQL = "CASE WHEN contains(model_id, '/') THEN split_part(model_id, '/', 1) END"
NAME_SQL = (
    "CASE WHEN contains(model_id, '/') THEN substr(model_id, strpos(model_id, '/') + 1) "
    "ELSE model_id END"
)
