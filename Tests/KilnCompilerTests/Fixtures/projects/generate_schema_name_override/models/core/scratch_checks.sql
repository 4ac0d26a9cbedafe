{{ config(schema='ignored_by_the_macro') }}
select count(*) as n from {{ ref('daily_report') }}
