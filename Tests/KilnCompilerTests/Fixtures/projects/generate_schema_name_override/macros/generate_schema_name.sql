{#
    Project override of dbt's generate_schema_name: a custom schema is used
    verbatim (no "<target.schema>_" prefix); models named "scratch_*" always
    go to a schema called scratch.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if node.name.startswith('scratch_') -%}
        scratch
    {%- elif custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
