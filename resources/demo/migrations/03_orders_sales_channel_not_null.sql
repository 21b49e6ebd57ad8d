-- Every order has come through a channel; orders from before channel tracking were all placed on the web.
update orders set sales_channel = 'web' where sales_channel is null;
alter table orders alter column sales_channel set default 'web';
alter table orders alter column sales_channel set not null;
