
select count(*) as n from reporting."daily_report"