{{ config(materialized='view', tags=['probe']) }}
{%- set parsed = fromjson('{"k": [1, 2.5, null]}') -%}
{%- set y = fromyaml('a: 1\nb: [x, y]') -%}
select
  '{{ target.name }}' as target_name,
  '{{ target.schema }}' as target_schema,
  '{{ target.type }}' as target_type,
  '{{ this }}' as this_relation,
  '{{ this.identifier }}' as this_identifier,
  '{{ model.name }}' as model_name,
  '{{ model.unique_id }}' as model_id,
  '{{ config.get("materialized") }}' as materialized,
  '{{ config.get("missing", "fallback") }}' as config_default,
  '{{ var("region") }}' as region,
  {{ var("weights")["b"] }} as weight_b,
  '{{ var("absent", "d") }}' as var_default,
  '{{ env_var("KILN_SURELY_UNSET_VAR", "env-default") }}' as env_default,
  '{{ local_md5("kiln") }}' as md5_kiln,
  '{{ tojson({"b": 1, "a": [true, none]}) }}' as json_text,
  {{ parsed["k"][1] }} as from_json,
  '{{ y["b"] | join("-") }}' as from_yaml,
  '{% for a, b in zip([1, 2], ["x", "y"]) %}{{ a }}{{ b }}{% endfor %}' as zipped,
  {{ set([3, 1, 3, 2]) | length }} as distinct_count,
  {{ adapter.quote("odd name") }} as quoted_ok,
  {{ cast_text("1") }} as dispatched,
  {{ is_incremental() }} as incremental,
  {{ execute }} as executing,
  '{{ exceptions.warn("careful") }}' as warned
from (select 1 as "odd name") as t
