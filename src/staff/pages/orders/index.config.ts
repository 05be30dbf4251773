export default definePageConfig({
  navigationBarTitleText: '门店订单',
  navigationBarBackgroundColor: '#173129',
  enablePullDownRefresh: true,
});
