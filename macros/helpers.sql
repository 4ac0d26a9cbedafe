{# clean_text(column): trimmed text, with '' turned into null. #}
{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{# clean_email(column): trimmed lower-case address, or null when it does not look like one. #}
{% macro clean_email(column) -%}
    case
        when lower(trim({{ column }})) like '%_@_%._%'
         and lower(trim({{ column }})) not like '% %'
        then lower(trim({{ column }}))
    end
{%- endmacro %}

{# later_of(a, b): the larger of two values where either may be null (SQLite's max(a, b)
   and Postgres' greatest() disagree on nulls, so spell it out). #}
{% macro later_of(a, b) -%}
    case
        when {{ a }} is null then {{ b }}
        when {{ b }} is null then {{ a }}
        when {{ a }} > {{ b }} then {{ a }}
        else {{ b }}
    end
{%- endmacro %}

{# map_values(column, mapping): a case expression mapping cleaned values; unmapped values pass through. #}
{% macro map_values(column, mapping) -%}
    {%- set cleaned = "lower(trim(" ~ column ~ "))" -%}
    case {{ cleaned }}
    {%- for source_value, target_value in mapping.items() %}
        when '{{ source_value }}' then '{{ target_value }}'
    {%- endfor %}
        else {{ cleaned }}
    end
{%- endmacro %}
