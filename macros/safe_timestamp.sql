{# safe_timestamp(column): a 'YYYY-MM-DD HH:MM:SS' timestamp, or null when the text is not one. #}
{% macro safe_timestamp(column) -%}
    {{ return(adapter.dispatch('safe_timestamp')(column)) }}
{%- endmacro %}

{% macro sqlite__safe_timestamp(column) -%}
    case when datetime({{ column }}, '+0 seconds') = {{ column }} then datetime({{ column }}, '+0 seconds') end
{%- endmacro %}

{% macro postgres__safe_timestamp(column) -%}
    case
        when {{ safe_date(column) }} is null then null
        when cast({{ column }} as text) !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$' then null
        else cast(cast({{ column }} as text) as timestamp)
    end
{%- endmacro %}

{% macro default__safe_timestamp(column) -%}
    cast({{ column }} as timestamp)
{%- endmacro %}
