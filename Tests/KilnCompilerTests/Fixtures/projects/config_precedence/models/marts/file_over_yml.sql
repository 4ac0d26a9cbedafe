{{ config(materialized='view', alias='alias_from_file', tags=['file'], meta={'pii': true}) }}
-- project tree says table, schema.yml says incremental + alias_from_yml; this file wins
select order_id from {{ ref('yml_over_project') }}
