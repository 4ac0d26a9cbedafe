
-- project tree says table, schema.yml says incremental + alias_from_yml; this file wins
select order_id from main."yml_over_project"