
    
    



select subscription_id
from main."stg_subscriptions"
where subscription_id is null


