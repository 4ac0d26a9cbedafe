{#
    safe_date(column): the column's date when it holds a real calendar date
    ('YYYY-MM-DD', optionally followed by a time), else null. Never raises, so
    corrupt rows like '2023-02-30' or 'yesterday' become null instead of failing.
#}
{% macro safe_date(column) -%}
    {{ return(adapter.dispatch('safe_date')(column)) }}
{%- endmacro %}

{# SQLite accepts days up to 31 in every month and only normalises them when a
   modifier is applied (date('2023-02-30', '+0 days') = '2023-03-02'), so a date
   is valid only when it survives that round trip unchanged. #}
{% macro sqlite__safe_date(column) -%}
    case when date({{ column }}, '+0 days') = substr({{ column }}, 1, 10) then date({{ column }}, '+0 days') end
{%- endmacro %}

{# Postgres raises on a bad cast, so every part is checked before casting. #}
{% macro default__safe_date(column) -%}
    {%- set txt = "cast(" ~ column ~ " as text)" -%}
    {%- set year = "cast(substr(" ~ txt ~ ", 1, 4) as integer)" -%}
    {%- set month = "cast(substr(" ~ txt ~ ", 6, 2) as integer)" -%}
    {%- set day = "cast(substr(" ~ txt ~ ", 9, 2) as integer)" -%}
    case
        when {{ txt }} !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then null
        when {{ month }} not between 1 and 12 then null
        when {{ day }} < 1 then null
        when {{ day }} > extract(day from make_date({{ year }}, {{ month }}, 1) + interval '1 month' - interval '1 day') then null
        else cast(substr({{ txt }}, 1, 10) as date)
    end
{%- endmacro %}
