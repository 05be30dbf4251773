export default definePageConfig({
  navigationBarTitleText: '邀请员工',
  navigationBarBackgroundColor: '#173129',
  enableShareAppMessage: true,
});
