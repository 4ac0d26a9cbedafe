

select count(*) as n from main."only_project"