{{ config(tags='file_string_tag') }}
{{ config(tags=['second_config_call']) }}
select count(*) as n from {{ ref('only_project') }}
