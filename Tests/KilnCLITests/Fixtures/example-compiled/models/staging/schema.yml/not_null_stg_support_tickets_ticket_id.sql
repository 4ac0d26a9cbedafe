
    
    



select ticket_id
from main."stg_support_tickets"
where ticket_id is null


