{# days_between(a, b): whole calendar days from a to b (b - a), ignoring the time of day. #}
{% macro days_between(start_date, end_date) -%}
    {{ return(adapter.dispatch('days_between')(start_date, end_date)) }}
{%- endmacro %}

{% macro sqlite__days_between(start_date, end_date) -%}
    cast(julianday(date({{ end_date }})) - julianday(date({{ start_date }})) as integer)
{%- endmacro %}

{% macro default__days_between(start_date, end_date) -%}
    (cast({{ end_date }} as date) - cast({{ start_date }} as date))
{%- endmacro %}

{# date_literal('2024-06-30'): a date constant comparable with safe_date() values. #}
{% macro date_literal(value) -%}
    {{ return(adapter.dispatch('date_literal')(value)) }}
{%- endmacro %}

{% macro sqlite__date_literal(value) -%}
    '{{ value }}'
{%- endmacro %}

{% macro default__date_literal(value) -%}
    cast('{{ value }}' as date)
{%- endmacro %}
